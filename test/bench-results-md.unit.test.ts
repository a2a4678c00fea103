import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withKeptSections } from '../bench/lib/results-md.ts';

describe('bench/RESULTS.md rewrite by npm run bench', () => {
  const generated = '# Benchmark results\n\nnew head\n\n## Raw limits measured in this run (LIMITS.md rows)\n\nnew limits\n\n## Benchmarks\n\nnew tables\n\n## Where a target is missed, and why\n\nnew reasons\n';
  it('given a previous file with hand-written sections, when rewritten, then those sections are kept after the new head and the old generated ones are gone', () => {
    const previous =
      '# Benchmark results\n\nold head\n\n## Raw limits measured in this run (LIMITS.md rows)\n\nold limits\n\n## Benchmarks\n\nold tables\n\n## Where a target is missed, and why\n\nold reasons\n\n## Wave allocation (bench/allocation-wave.ts)\n\nwave figures\n\n## HTTP load\n\nhttp figures\n';
    const out = withKeptSections(previous, generated);
    assert.ok(out.startsWith(generated.trimEnd()));
    assert.ok(out.includes('## Wave allocation (bench/allocation-wave.ts)\n\nwave figures'));
    assert.ok(out.includes('## HTTP load\n\nhttp figures'));
    for (const old of ['old head', 'old limits', 'old tables', 'old reasons']) assert.ok(!out.includes(old), old);
  });
  it('given no previous file or nothing else in it, then the generated text is written as it is', () => {
    assert.equal(withKeptSections(undefined, generated), generated);
    assert.equal(withKeptSections('# Benchmark results\n\n## Benchmarks\n\nold\n', generated), generated);
  });
});
