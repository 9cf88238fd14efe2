/**
 * A section that another part of provably adds to a report (the search's summary, for one), so that
 * it extends report.md and report.html through the renderers instead of editing their output.
 */

/** One added section, as markdown and as HTML. */
export interface ReportSection {
  /** Placed above the report's own title in report.md, so it may open with its own `#` title. */
  markdown: string;
  /** Placed between the page header and the runs in report.html; a `<section>` element. */
  html: string;
}

/** Options of the report renderers and of `writeReport`. */
export interface ReportOptions {
  /** Sections that open the report, in order. @defaultValue [] */
  sections?: readonly ReportSection[];
}
