import { DEFAULT_HEAP_MB, heapFlag, RELAUNCHED } from './heap-limit';

describe('heapFlag: the V8 heap limit ppm relaunches itself with', () => {
  it('is the default when the user set none', () => {
    expect(heapFlag({}, [])).toBe(`--max-old-space-size=${DEFAULT_HEAP_MB}`);
    expect(heapFlag({ NODE_OPTIONS: '--enable-source-maps' }, ['--inspect'])).toBe(`--max-old-space-size=${DEFAULT_HEAP_MB}`);
  });

  it('is PPM_HEAP_MB when set, and none for 0 (V8 default)', () => {
    expect(heapFlag({ PPM_HEAP_MB: '320' }, [])).toBe('--max-old-space-size=320');
    expect(heapFlag({ PPM_HEAP_MB: '0' }, [])).toBeUndefined();
  });

  it('leaves a PPM_HEAP_MB that is not a whole number to the environment check', () => {
    expect(heapFlag({ PPM_HEAP_MB: '1.5' }, [])).toBeUndefined();
    expect(heapFlag({ PPM_HEAP_MB: 'big' }, [])).toBeUndefined();
  });

  it('respects a limit in NODE_OPTIONS or on node\'s command line, in either spelling', () => {
    expect(heapFlag({ NODE_OPTIONS: '--max-old-space-size=512' }, [])).toBeUndefined();
    expect(heapFlag({ NODE_OPTIONS: '--trace-gc --max_old_space_size=512' }, [])).toBeUndefined();
    expect(heapFlag({ PPM_HEAP_MB: '100' }, ['--max-old-space-size=512'])).toBeUndefined();
    // Another flag that merely starts the same way is not a heap limit.
    expect(heapFlag({ NODE_OPTIONS: '--max-old-space-size-percentage=50' }, [])).toBe(`--max-old-space-size=${DEFAULT_HEAP_MB}`);
  });

  it('never relaunches the relaunched process', () => {
    expect(heapFlag({ [RELAUNCHED]: '1' }, [])).toBeUndefined();
  });
});
