/** Verdicts as data (CONTRACTS §4). A failing claim is a value, never an exception. */
export type VerdictStatus = 'holds' | 'fails' | 'inconclusive' | 'diverged' | 'interrupted';

export interface Condition {
  name: string;
  value: number;
  op: '>=' | '<=';
  threshold: number;
  holds: boolean;
  /** (value − threshold)/max(|threshold|, 1e-12) for >=; its negative for <=. */
  margin: number;
}

export interface Verdict {
  id: string;
  status: VerdictStatus;
  holds: boolean | null;
  conditions: Condition[];
  /** Minimum margin over the conditions (positive = holds with room). */
  margin: number;
  detail: string;
}

/** One scenario × claim aggregate over seeds (CONTRACTS §4 `aggregate[]`). */
export interface AggregateRow {
  scenario: string;
  id: string;
  expect: 'holds' | 'fails' | 'report';
  /** Seeds whose verdict status equals the expectation (for "report": seeds where the claim holds). */
  matched: number;
  total: number;
  /** One-sided 95 % Clopper–Pearson lower bound of matched/total. */
  lowerBound: number;
  /** The bound that `lowerBound` must reach (profile constant). */
  requiredBound: number;
  /** The minimum number of seeds of the profile. */
  minSeeds: number;
  /** null for "report" (nothing asserted). */
  met: boolean | null;
}
