import { expandMatrix } from './matrix';

describe('expandMatrix (GitHub documentation examples)', () => {
  it('no matrix: one entry without values', () => expect(expandMatrix(undefined)).toEqual({ entries: [undefined] }));

  it('product of the lists, minus exclude', () => {
    const { entries } = expandMatrix({ os: ['a', 'b'], node: [14, 16], exclude: [{ os: 'b', node: 14 }] });
    expect(entries).toEqual([
      { os: 'a', node: 14 },
      { os: 'a', node: 16 },
      { os: 'b', node: 16 },
    ]);
  });

  it('include extends the entries whose original values it keeps, else adds its own', () => {
    const { entries } = expandMatrix({
      fruit: ['apple', 'pear'],
      animal: ['cat', 'dog'],
      include: [{ color: 'green' }, { color: 'pink', animal: 'cat' }, { fruit: 'apple', shape: 'circle' }, { fruit: 'banana' }, { fruit: 'banana', animal: 'cat' }],
    });
    expect(entries).toEqual([
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ]);
  });

  it('include alone lists the entries', () => {
    expect(expandMatrix({ include: [{ service: 'api' }, { service: 'web' }] }).entries).toEqual([{ service: 'api' }, { service: 'web' }]);
  });

  it('a matrix from an expression is one unknown entry and a note', () => {
    expect(expandMatrix('${{ fromJSON(needs.plan.outputs.matrix) }}')).toEqual({ entries: [undefined], note: expect.stringContaining('only known during the run') });
    expect(expandMatrix({ service: '${{ fromJSON(inputs.services) }}' }).note).toContain('strategy.matrix.service');
  });
});
