import { Button, Group } from "@mantine/core";
import { useState } from "react";

/** Cursor paging through a newest-first list: the cursors of the pages before this one, to go back. */
export function usePager() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    after: cursors[cursors.length - 1] ?? null,
    page: cursors.length - 1,
    older: (endCursor: string) => setCursors((c) => [...c, endCursor]),
    newer: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    reset: () => setCursors([null]),
  };
}

export type PagerState = ReturnType<typeof usePager>;

export function Pager({
  pager,
  pageInfo,
  what,
  canGoOlder = true,
}: {
  pager: PagerState;
  pageInfo?: { hasNextPage: boolean; endCursor?: string | null };
  what: string;
  canGoOlder?: boolean;
}) {
  const endCursor = pageInfo?.endCursor;
  if (pager.page === 0 && !pageInfo?.hasNextPage) return null;
  return (
    <Group justify="center">
      <Button variant="default" size="xs" disabled={pager.page === 0} onClick={pager.reset}>
        Newest {what}
      </Button>
      <Button variant="default" size="xs" disabled={pager.page === 0} onClick={pager.newer}>
        Newer {what}
      </Button>
      <Button variant="default" size="xs" disabled={!pageInfo?.hasNextPage || !endCursor || !canGoOlder} onClick={() => endCursor && pager.older(endCursor)}>
        Older {what}
      </Button>
    </Group>
  );
}
