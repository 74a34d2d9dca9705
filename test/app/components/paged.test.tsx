/** components/Paged.tsx: a page at a time, back to the first page for another set, whole for printing. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { ShowMore, usePaging, usePrintAll } from '../../../src/app/components/Paged';

function List({ items, setKey }: { items: string[]; setKey: string }) {
  const paging = usePaging(items.length, 10, setKey);
  const { printingAll, print } = usePrintAll();
  const drawn = printingAll ? items : items.slice(0, paging.shown);
  return (
    <>
      <ul>
        {drawn.map((i) => (
          <li key={i}>{i}</li>
        ))}
      </ul>
      <ShowMore paging={paging} total={items.length} pageSize={10} noun="pupils" />
      <button type="button" onClick={() => print()}>
        Print
      </button>
    </>
  );
}

function Screen({ count }: { count: number }) {
  const [set, setSet] = useState('a');
  const items = Array.from({ length: count }, (_, i) => `${set}${i}`);
  return (
    <>
      <button type="button" onClick={() => setSet(set === 'a' ? 'b' : 'a')}>
        Other set
      </button>
      <List items={items} setKey={set} />
    </>
  );
}

const items = () => [...document.querySelectorAll('li')].map((li) => li.textContent);

afterEach(() => vi.unstubAllGlobals());

describe('paged lists', () => {
  it('says nothing when the whole list fits in a page', () => {
    render(<Screen count={10} />);
    expect(items()).toHaveLength(10);
    expect(screen.queryByText(/Showing/)).toBeNull();
  });

  it('shows a page more, then the rest, and goes back to the first page for another set (and when it comes back)', async () => {
    const user = userEvent.setup();
    render(<Screen count={25} />);
    expect(items()).toEqual(Array.from({ length: 10 }, (_, i) => `a${i}`));
    expect(screen.getByText(/Showing 10 of 25 pupils\./)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show 10 more' }));
    expect(items()).toHaveLength(20);
    // One page left: "Show 5 more" is all of them, so no separate "Show all".
    expect(screen.queryByRole('button', { name: 'Show all 25' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show 5 more' }));
    expect(items()).toHaveLength(25);
    expect(screen.getByText(/Showing all 25 pupils\./)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Show the first 10 only' }));

    await user.click(screen.getByRole('button', { name: 'Other set' }));
    expect(items()).toEqual(Array.from({ length: 10 }, (_, i) => `b${i}`));
    await user.click(screen.getByRole('button', { name: 'Other set' }));
    expect(items()).toHaveLength(10);
  });

  it('draws every item before printing, whether from a Print button or the browser, and a page again after', async () => {
    let printed = 0;
    vi.stubGlobal('print', vi.fn(() => (printed = items().length)));
    render(<Screen count={25} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Print' }));
    expect(printed).toBe(25);
    act(() => void window.dispatchEvent(new Event('afterprint')));
    expect(items()).toHaveLength(10);
    act(() => void window.dispatchEvent(new Event('beforeprint')));
    expect(items()).toHaveLength(25);
    act(() => void window.dispatchEvent(new Event('afterprint')));
    expect(items()).toHaveLength(10);
  });
});
