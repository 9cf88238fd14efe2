/**
 * Writes the report folder of docs/cli.md#report-folder: result.json, report.md, report.html, with
 * the sections and files a caller adds (the search adds its summary and its scenario files).
 */
import { join, resolve } from 'node:path';
import { writeFolderAtomic } from '../io/atomicWrite.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { serializeResultFile } from '../result/resultFile.js';
import type { ResultFile } from '../result/resultFile.js';
import type { ReportOptions } from './section.js';

/** Paths of a written report. */
export interface ReportPaths {
  /** The report folder. */
  dir: string;
  json: string;
  markdown: string;
  html: string;
}

/** File names inside a report folder (docs/cli.md#report-folder). */
export const REPORT_FILES = { json: 'result.json', markdown: 'report.md', html: 'report.html' } as const;

/** Options of {@link writeReport}. */
export interface WriteReportOptions extends ReportOptions {
  /**
   * More files of the folder, written with the report in the same atomic step (file name →
   * content; plain names, and none of {@link REPORT_FILES}). @defaultValue {}
   */
  files?: Readonly<Record<string, string>>;
}

/**
 * Renders and writes a report into `dir`. Everything is rendered in memory first, so a rendering
 * error writes nothing; then a new folder appears complete in one rename, or, when `dir` already
 * exists (an explicit `--out DIR`), each file is replaced atomically (see `writeFolderAtomic`).
 *
 * @returns Absolute paths of the folder and its three files.
 * @throws TypeError when `options.files` names one of the report's own files
 */
export async function writeReport(dir: string, resultFile: ResultFile, options: WriteReportOptions = {}): Promise<ReportPaths> {
  const extra = options.files ?? {};
  const clash = Object.values(REPORT_FILES).find((name) => Object.hasOwn(extra, name));
  if (clash !== undefined) throw new TypeError(`writeReport: options.files names ${clash}, which the report writes itself`);
  const files = {
    ...extra,
    [REPORT_FILES.json]: serializeResultFile(resultFile),
    [REPORT_FILES.markdown]: renderMarkdown(resultFile, options),
    [REPORT_FILES.html]: await renderHtml(resultFile, options),
  };
  const written = await writeFolderAtomic(dir, files);
  const root = resolve(written.dir);
  return {
    dir: root,
    json: join(root, REPORT_FILES.json),
    markdown: join(root, REPORT_FILES.markdown),
    html: join(root, REPORT_FILES.html),
  };
}
