/**
 * A ref callback that moves focus to its element as the element appears. One function for the whole
 * app, so React calls it when the element mounts, not again on every render.
 */
export function focusOnMount(element: HTMLElement | null) {
  element?.focus();
}
