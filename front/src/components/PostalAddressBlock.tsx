import type { PostalAddress } from '@checkstand/contract';
import type { ReactNode } from 'react';
import { addressLines } from '../lib/address';

/** A postal address, one line per line (see `addressLines` for their order), or `empty` when it has none. */
export function PostalAddressBlock({
  address,
  name,
  testId,
  empty = null,
}: {
  address: PostalAddress | null;
  name?: string | null;
  testId?: string;
  empty?: ReactNode;
}) {
  const lines = addressLines(address, name);
  if (lines.length === 0) return <>{empty}</>;
  return (
    <address className="postal-address" data-testid={testId}>
      {lines.join('\n')}
    </address>
  );
}
