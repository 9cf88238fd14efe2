/** The case and value where a maximum (or minimum) over cases was reached, for details. */
export class Extreme {
  value: number;
  where = '(no case)';
  /** Values seen. */
  count = 0;
  constructor(private readonly sense: 'max' | 'min') {
    this.value = sense === 'max' ? -Infinity : Infinity;
  }
  /** Records `value` at `where` if it is more extreme; NaN always wins (it must never hide). */
  see(value: number, where: string): void {
    this.count++;
    const better = Number.isNaN(value) || (this.sense === 'max' ? value > this.value : value < this.value);
    if (better && !Number.isNaN(this.value)) {
      this.value = value;
      this.where = where;
    }
  }
}
