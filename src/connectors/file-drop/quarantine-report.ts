import type { Problem } from '../../domain/index.ts';
import type { DecodedFile } from './decode-drop-file.ts';

/**
 * Pure: the text of `quarantine/<name>.report.txt` — what the file was taken for, and every
 * problem with its line and reason, so the person fixing the export needs nothing else.
 */
export function quarantineReport(input: { name: string; source: string; at: string; result: DecodedFile }): string {
  const { result } = input;
  const problems = result.decoded.problems;
  const lines = [
    'Stockmesh file-drop: this file was quarantined, nothing from it was applied.',
    '',
    `file:     ${input.name}`,
    `source:   ${input.source}`,
    `layout:   ${result.layout ? `${result.layout.name} (${result.layout.kind}, ${result.layout.format.kind})` : '(none matches the file name)'}`,
    `charset:  ${result.charset ? `${result.charset.charset} (by ${result.charset.by})` : '(not decided)'}`,
    `at:       ${input.at}`,
    `problems: ${problems.length}`,
    '',
    ...problems.map(describe),
    '',
    'Fix the export and drop it again: lines keep their ids (file name + line number), so what was',
    'applied before is not counted twice.',
    '',
  ];
  return lines.join('\n');
}

function describe(p: Problem): string {
  const at = p.where ?? '';
  const line = /:(\d+)$/.exec(at)?.[1];
  return `${line ? `line ${line}` : 'file'}: ${p.code}: ${p.message}`;
}
