// A server that cannot send the file often sends a page instead (a login wall, a "moved"
// notice, an S3 AccessDenied XML) with status 200. Such a page must never be taken, let
// alone cached, as the archive or data file that was asked for.
import { open } from 'node:fs/promises';

const PAGE = /^(<!doctype\s+html|<html|<head|<body|<\?xml|<!--|<title|<error)/i;

/** Whether `file` starts like an HTML or XML page (after a BOM and whitespace). */
export async function looksLikePage(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await fh.read(head, 0, 512, 0);
    const text = head
      .subarray(0, bytesRead)
      .toString('latin1')
      .replace(/^\xEF\xBB\xBF/, '')
      .trimStart();
    return PAGE.test(text);
  } finally {
    await fh.close();
  }
}

/** Whether a file of this name may legitimately be a page (then no page check is made). */
export function mayBePage(filename: string): boolean {
  return /\.(html?|xhtml|xml|svg)$/i.test(filename);
}
