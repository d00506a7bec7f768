/**
 * The page's tabs: buttons with `data-tab-target` show the sections with the same `data-tab`
 * and hide the others (the `hidden` attribute, so hidden panels take no layout).
 */
export function setupTabs(): (name: string) => void {
  const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('[data-tab-target]'));
  const panels = Array.from(document.querySelectorAll<HTMLElement>('[data-tab]'));
  const show = (name: string) => {
    for (const b of buttons) b.setAttribute('aria-selected', String(b.dataset.tabTarget === name));
    for (const p of panels) p.hidden = p.dataset.tab !== name;
  };
  for (const b of buttons) b.addEventListener('click', () => show(b.dataset.tabTarget!));
  return show;
}
