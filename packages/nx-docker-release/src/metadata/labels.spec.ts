import { keyValueRecord, mergeKeyValues, splitKeyValue } from './labels';

describe('key=value entries', () => {
  it('split at the first =, the value keeps any later one; no = is a key with an empty value', () => {
    expect(splitKeyValue('org.opencontainers.image.description=a=b')).toEqual(['org.opencontainers.image.description', 'a=b']);
    expect(splitKeyValue('flag')).toEqual(['flag', '']);
    expect(keyValueRecord(['a=1', 'b=', 'a=2'])).toEqual({ a: '2', b: '' });
  });

  it('merge: a later key replaces an earlier one, entries without = are dropped, ordered by key', () => {
    expect(mergeKeyValues(['b=1', 'a=2', 'junk', 'b=3'])).toEqual(['a=2', 'b=3']);
  });
});
