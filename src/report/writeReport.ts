/**
 * Writes the report folder of docs/cli.md#report-folder: result.json, report.md, report.html.
 */
import { join, resolve } from 'node:path';
import { writeFolderAtomic } from '../io/atomicWrite.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { serializeResultFile } from '../result/resultFile.js';
import type { ResultFile } from '../result/resultFile.js';

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

/**
 * Renders and writes a report into `dir`. Everything is rendered in memory first, so a rendering
 * error writes nothing; then a new folder appears complete in one rename, or, when `dir` already
 * exists (an explicit `--out DIR`), each file is replaced atomically (see `writeFolderAtomic`).
 *
 * @returns Absolute paths of the folder and its three files.
 */
export async function writeReport(dir: string, resultFile: ResultFile): Promise<ReportPaths> {
  const files = {
    [REPORT_FILES.json]: serializeResultFile(resultFile),
    [REPORT_FILES.markdown]: renderMarkdown(resultFile),
    [REPORT_FILES.html]: await renderHtml(resultFile),
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
