import { describe, expect, it, vi } from 'vitest';
import { createTapStore } from '../../../../src/app/features/registers/tapStore';

describe('the taps a register shows before the database does', () => {
  it('shows a tap until its write has committed and the stored cell shows it, then lets the stored value decide', () => {
    const taps = createTapStore();
    taps.set('p1', { code: '/', token: 1 });
    expect(taps.shown('p1', null)?.code).toBe('/'); // nothing stored yet
    expect(taps.shown('p1', '/')?.code).toBe('/'); // stored, but the write has not said it committed
    taps.commit(1);
    expect(taps.shown('p1', 'N')?.code).toBe('/'); // committed, the cell not re-read yet
    expect(taps.shown('p1', '/')).toBeUndefined(); // the stored cell shows it: settled
    // An office code pulled a moment later is shown, not hidden behind the tap still kept in the store.
    expect(taps.shown('p1', 'M')).toBeUndefined();
  });

  it('drops a tap only if it is still the same tap', () => {
    const taps = createTapStore();
    taps.set('p1', { code: '/', token: 1 });
    taps.set('p1', { code: 'N', token: 2 }); // tapped again before the first write came back
    taps.drop('p1', 1);
    expect(taps.get('p1')?.code).toBe('N');
    taps.drop('p1', 2);
    expect(taps.get('p1')).toBeUndefined();
  });

  it("tells a row about its own pupil's taps only, and the counts about every tap", () => {
    const taps = createTapStore();
    const row1 = vi.fn();
    const row2 = vi.fn();
    const counts = vi.fn();
    taps.subscribe('p1', row1);
    const stop2 = taps.subscribe('p2', row2);
    taps.subscribeAll(counts);
    const before = taps.version();
    taps.set('p1', { code: '/', token: 1 });
    expect(row1).toHaveBeenCalledTimes(1);
    expect(row2).not.toHaveBeenCalled();
    expect(counts).toHaveBeenCalledTimes(1);
    expect(taps.version()).not.toBe(before);
    stop2();
    taps.set('p2', { code: 'N', token: 2 });
    expect(row2).not.toHaveBeenCalled();
    expect(counts).toHaveBeenCalledTimes(2);
  });
});
