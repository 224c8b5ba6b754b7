export const PAGE_SIZE = 200

/** Page numbers covering rows `first`..`last` (inclusive). */
export function pagesFor(first: number, last: number, pageSize = PAGE_SIZE): number[] {
  if (last < first || first < 0) return []
  const pages: number[] = []
  for (let page = Math.floor(first / pageSize); page <= Math.floor(last / pageSize); page++) pages.push(page)
  return pages
}
