/**
 * Time series for the plots. The one place where decimal strings become floats, and only to be drawn:
 * nothing read back from a series ever goes into an order or a balance.
 */

export type Point = readonly [time: number, value: number];

export interface Series {
  readonly name: string;
  readonly points: Point[];
}

const MAX_POINTS = 600;

export class SeriesSet {
  private readonly byName = new Map<string, Series>();

  add(name: string, time: number, value: number): void {
    if (!Number.isFinite(value)) return;
    let series = this.byName.get(name);
    if (series === undefined) {
      series = { name, points: [] };
      this.byName.set(name, series);
    }
    const last = series.points.at(-1);
    // Same timestamp: keep the newest value rather than draw a vertical spike.
    if (last !== undefined && last[0] === time) series.points[series.points.length - 1] = [time, value];
    else series.points.push([time, value]);
    if (series.points.length > MAX_POINTS) series.points.splice(0, series.points.length - MAX_POINTS);
  }

  list(): readonly Series[] {
    return [...this.byName.values()];
  }
}

/** For plots only: a decimal string as the nearest float. */
export function plotValue(decimal: string): number {
  return Number(decimal);
}
