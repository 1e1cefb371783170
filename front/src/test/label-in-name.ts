import { queryAllByRole } from '@testing-library/react';

/**
 * WCAG 2.5.3 "Label in Name": a control's accessible name contains the text it shows, so that a voice-control
 * user can say what they see ("click Add to cart"). These helpers find the controls that break it.
 */

/** Parts of a control that are not seen: hidden from everyone, or shown to assistive technology only. */
function isUnseen(element: Element): boolean {
  return (
    element.getAttribute('aria-hidden') === 'true' ||
    element.hasAttribute('hidden') ||
    element.classList.contains('visually-hidden') ||
    (element instanceof HTMLElement && element.style.display === 'none') ||
    ['script', 'style', 'template', 'title', 'desc'].includes(element.localName)
  );
}

/** The text a sighted user reads on the control: its text content, less aria-hidden and visually-hidden parts. */
export function visibleText(element: Element): string {
  let text = '';
  for (const node of Array.from(element.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent ?? '';
    // Element boundaries separate words ("Checkstand" "Admin" sit side by side, not run together).
    else if (node instanceof Element && !isUnseen(node)) text += ` ${visibleText(node)} `;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** How speech is matched: case, spacing and punctuation do not count. */
function spoken(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export interface LabelMismatch {
  role: string;
  name: string;
  visible: string;
  html: string;
}

/**
 * Every button and link in `container` (those exposed to assistive technology) whose accessible name does not
 * contain its visible text. The names are computed by Testing Library (dom-accessibility-api), as its
 * `getByRole(…, { name })` queries see them.
 */
export function labelInNameMismatches(container: HTMLElement): LabelMismatch[] {
  const mismatches: LabelMismatch[] = [];
  for (const role of ['button', 'link']) {
    queryAllByRole(container, role, {
      name: (name, element) => {
        const visible = visibleText(element);
        if (!spoken(name).includes(spoken(visible))) {
          mismatches.push({ role, name, visible, html: element.outerHTML.slice(0, 200) });
        }
        return false;
      },
    });
  }
  return mismatches;
}

/** How many buttons and links `container` exposes: a check that the page under test was really rendered. */
export function controlCount(container: HTMLElement): number {
  return queryAllByRole(container, 'button').length + queryAllByRole(container, 'link').length;
}
