import { TmtError } from '../../../core/errors/tmt-error';
import { FILLS_PAGE_LIMIT, type OkxFillsPage } from './endpoints';
import type { WireFill } from '../parse/wire';

type FillsPageReader = (page: OkxFillsPage) => Promise<readonly WireFill[]>;

/**
 * Every fill from `since` on, read page by page. OKX answers newest first, at most 100 rows a page; the next
 * (older) page is asked for with `after` = the last billId seen, until a short page says the range is done.
 * One page alone would drop fills after a busy outage, which is what a catch-up must never do. The result is
 * oldest first, so fills in one millisecond keep the venue's order after a stable sort by time.
 */
export async function readAllFills(read: FillsPageReader, since: number): Promise<WireFill[]> {
  const rows: WireFill[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await read({ begin: since, ...(after === undefined ? {} : { after }) });
    for (const row of page) {
      if (seen.has(row.billId)) continue;
      seen.add(row.billId);
      rows.push(row);
    }
    const last = page.at(-1);
    if (page.length < FILLS_PAGE_LIMIT || last === undefined || Number(last.ts) < since) return rows.reverse();
    if (last.billId === after || last.billId === '') throw new TmtError('VENUE_PROTOCOL', `okx fills paging did not advance past billId ${after ?? '(none)'}`);
    after = last.billId;
  }
}
