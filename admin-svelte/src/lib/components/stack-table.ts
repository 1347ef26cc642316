/**
 * `use:stackTable` lets a table fold into labelled cards on a phone: each cell gets its column's
 * header as `data-label`, which the narrow-screen CSS prints before it. Rows added later are
 * labelled too.
 */
export function stackTable(table: HTMLTableElement): { destroy(): void } {
  table.classList.add('stack');
  const label = (): void => {
    const headers = [...table.querySelectorAll('thead th')].map((header) => header.textContent?.trim() ?? '');
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        [...row.cells].forEach((cell, index) => {
          const text = cell.colSpan === 1 ? (headers[index] ?? '') : '';
          if (cell.dataset.label !== text) cell.dataset.label = text;
        });
      }
    }
  };
  label();
  const observer = new MutationObserver(label);
  observer.observe(table, { childList: true, subtree: true });
  return { destroy: () => observer.disconnect() };
}
