import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { chainChecksum, GENESIS_CHECKSUM } from './checksum';
import { ChainVerifier, type StoredRecord } from './integrity';

/** A journal written as the stores write it: batches, each ending with a commit-end marker. */
function journal(batchSizes: readonly number[]): StoredRecord[] {
  const records: StoredRecord[] = [];
  let previous = GENESIS_CHECKSUM;
  for (const size of batchSizes) {
    for (let i = 0; i < size; i++) {
      const sequence = records.length + 1;
      const fields = {
        sequence,
        type: 'OrderAccepted',
        stream: 'acc-1',
        payload: `{"n":${sequence}}`,
        recordedAt: 1_000 + sequence,
      };
      const checksum = chainChecksum(fields, previous);
      records.push({
        ...fields,
        position: sequence,
        checksum,
        previousChecksum: previous,
        commitEnd: i === size - 1,
      });
      previous = checksum;
    }
  }
  return records;
}

function verify(records: readonly StoredRecord[]) {
  const verifier = new ChainVerifier((sequence) => records.some((record) => record.sequence === sequence));
  for (const record of records) verifier.accept(record);
  return verifier.finish();
}

const batches = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 30 });
const firstOfFinalBatch = (sizes: readonly number[]): number =>
  sizes.slice(0, -1).reduce((sum, size) => sum + size, 0) + 1;

describe('chain verification', () => {
  it('a journal as written verifies, whatever its batches', () => {
    fc.assert(
      fc.property(batches, (sizes) => {
        const records = journal(sizes);
        expect(verify(records)).toEqual({
          report: { ok: true, checked: records.length, lastSequence: records.length },
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it('a changed payload names its sequence, and is a torn write only inside the final transaction', () => {
    fc.assert(
      fc.property(batches, fc.nat(), (sizes, pick) => {
        const records = journal(sizes);
        const index = pick % records.length;
        records[index] = { ...(records[index] as StoredRecord), payload: '{"n":-1}' };
        const { report, tornTail } = verify(records);
        const finalStart = firstOfFinalBatch(sizes);
        if (index + 1 >= finalStart) {
          expect(report.problem).toMatchObject({ code: 'STORE_TORN_WRITE', sequence: finalStart });
          expect(tornTail).toMatchObject({
            fromSequence: finalStart,
            count: records.length - finalStart + 1,
          });
        } else {
          expect(report.problem).toMatchObject({ code: 'STORE_CHECKSUM_MISMATCH', sequence: index + 1 });
          expect(tornTail).toBeUndefined();
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('a record removed before the last is a gap naming it, never a torn write', () => {
    fc.assert(
      fc.property(batches, fc.nat(), (sizes, pick) => {
        const records = journal(sizes);
        const index = pick % (records.length - 1);
        records.splice(index, 1);
        const { report, tornTail } = verify(records);
        expect(report.problem).toMatchObject({ code: 'STORE_SEQUENCE_GAP', sequence: index + 1 });
        expect(tornTail).toBeUndefined();
      }),
      { numRuns: 2_000 },
    );
  });

  it('two neighbours swapped in storage order are out of order at the first of them', () => {
    fc.assert(
      fc.property(batches, fc.nat(), (sizes, pick) => {
        const records = journal(sizes);
        const index = pick % (records.length - 1);
        const [a, b] = [records[index] as StoredRecord, records[index + 1] as StoredRecord];
        records[index] = { ...b, position: a.position };
        records[index + 1] = { ...a, position: b.position };
        const { report, tornTail } = verify(records);
        expect(report.problem).toMatchObject({ code: 'STORE_SEQUENCE_ORDER', sequence: index + 1 });
        expect(tornTail).toBeUndefined();
      }),
      { numRuns: 2_000 },
    );
  });

  it('a consistent record that does not chain to its predecessor is a broken chain', () => {
    const records = journal([1, 1, 1, 1]);
    const forged = {
      ...(records[1] as StoredRecord),
      payload: '{"forged":true}',
      previousChecksum: 'f'.repeat(64),
    };
    records[1] = { ...forged, checksum: chainChecksum(forged, forged.previousChecksum) };
    expect(verify(records).report.problem).toMatchObject({ code: 'STORE_CHAIN_BROKEN', sequence: 2 });
  });

  it('without a synchronous lookup, a provisional gap becomes out of order when told so', () => {
    const records = journal([1, 1, 1, 1]);
    const [third, fourth] = [records[2] as StoredRecord, records[3] as StoredRecord];
    records[2] = { ...fourth, position: 3 };
    records[3] = { ...third, position: 4 };
    const verifier = new ChainVerifier();
    for (const record of records) verifier.accept(record);
    expect(verifier.pendingLookup).toBe(3);
    expect(verifier.finish(true).report.problem).toMatchObject({ code: 'STORE_SEQUENCE_ORDER', sequence: 3 });
  });
});
