/**
 * Names people use for a scenario key (from other libraries and papers), lower-cased, with the key
 * they mean. Consulted before spelling distance: `lr` is `eta`, though `sR` is closer in letters.
 */
export const KEY_SYNONYMS: Readonly<Record<string, string>> = Object.freeze({
  lr: 'eta',
  learning_rate: 'eta',
  learningrate: 'eta',
  'learning-rate': 'eta',
  step_size_lr: 'eta',
  epochs: 'T',
  epoch: 'T',
  steps: 'T',
  iterations: 'T',
  iters: 'T',
  n_steps: 'T',
  nsteps: 'T',
  num_steps: 'T',
  width: 'm',
  neurons: 'm',
  filters: 'm',
  hidden: 'm',
  hidden_size: 'm',
  num_neurons: 'm',
  epsilon: 'eps',
  radius: 'eps',
  budget: 'eps',
  classes: 'k',
  num_classes: 'k',
  n_classes: 'k',
  nclasses: 'k',
  dim: 'd',
  dimension: 'd',
  patch_dim: 'd',
  patches: 'P',
  num_patches: 'P',
  n_patches: 'P',
  noise_std: 'sigmaN',
  sigma_noise: 'sigmaN',
  noise_sigma: 'sigmaN',
  init_std: 'sigma0',
  init_scale: 'sigma0',
  sigma_init: 'sigma0',
  batch: 'batchSize',
  batch_size: 'batchSize',
  train_size: 'nTrain',
  n_train: 'nTrain',
  num_train: 'nTrain',
  test_size: 'nTest',
  n_test: 'nTest',
  num_test: 'nTest',
  degree: 'q',
  threshold: 'rho',
  attack_steps: 'K',
  pgd_steps: 'evalSteps',
});

/**
 * "Did you mean …?" for misspelt keys and names: a known synonym first ({@link KEY_SYNONYMS}, when
 * its key is a candidate), else the closest candidate by edit distance, if it is close enough to be
 * a plausible typo (at most a third of the word, and at most 3 edits).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const synonym = KEY_SYNONYMS[word.toLowerCase()];
  if (synonym !== undefined && candidates.includes(synonym)) return synonym;
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const dist = editDistance(word.toLowerCase(), c.toLowerCase());
    if (dist < bestDist) {
      best = c;
      bestDist = dist;
    }
  }
  return bestDist <= limit ? best : undefined;
}

/** Levenshtein distance; inputs are short keys, so the quadratic table is fine. */
function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity; // not a typo of a short key
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
