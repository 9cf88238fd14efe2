#!/bin/sh
# Opt-in check of the Slurm recipe on one node (docs/scheduling.md): needs slurmctld and slurmd
# running on localhost (Debian: apt-get install slurm-wlm, a one-node slurm.conf). Submits a
# two-shard array of a tiny sweep, merges it, and compares it with the same sweep unsharded.
set -eu
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
cat > "$work/tiny.json" <<'JSON'
{"name":"tiny","description":"tiny","seed":1,"k":2,"d":16,"P":16,"sR":1,"sNR":14,"alphaMin":0.8,"alphaMax":0.8,
 "betaMin":0.5,"betaMax":0.5,"sigmaN":0.05,"nTrain":20,"nTest":20,"m":3,"T":80,"logEvery":10,"eps":0.5,"evalSteps":3}
JSON
args="sweep $work/tiny.json --axis eta=0.1,0.05 --set T=8/eta --seeds 2 --jobs 1 --threads 1 --backend wasm"
cat > "$work/array.sbatch" <<SH
#!/bin/sh
#SBATCH --array=0-1
#SBATCH --output=$work/shard-%a.log
cd $(pwd)
exec npx tsx src/cli/main.ts $args --out $work/shard-\$SLURM_ARRAY_TASK_ID
SH
sbatch --wait "$work/array.sbatch"
cat "$work"/shard-*.log
npx tsx src/cli/main.ts merge "$work"/shard-0 "$work"/shard-1 --out "$work/merged"
npx tsx src/cli/main.ts $args --out "$work/whole" > /dev/null
node -e '
const fs = require("fs"); const [a, b] = process.argv.slice(1).map((d) => JSON.parse(fs.readFileSync(d + "/sweep.json", "utf8")));
const same = JSON.stringify(a.cells) === JSON.stringify(b.cells) && JSON.stringify(a.runs) === JSON.stringify(b.runs);
console.log(same ? "slurm check: merged shards equal the unsharded sweep (" + a.runs.length + " runs)" : "slurm check: MISMATCH");
process.exit(same ? 0 : 1);' "$work/merged" "$work/whole"
