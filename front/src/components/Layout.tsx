import { useEffect, useRef } from 'react';
import { Outlet, ScrollRestoration, useLocation } from 'react-router';
import { SiteFooter } from './SiteFooter';
import { SiteHeader } from './SiteHeader';

/** The frame of every page: skip link, header, the page in <main>, footer. */
export function Layout() {
  const mainRef = useFocusHeadingOnNavigation();

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SiteHeader />
      <main id="main" ref={mainRef} tabIndex={-1} className="site-main">
        <Outlet />
      </main>
      <SiteFooter />
      {/* Keyed by path: the first load of any page has the same location key, which would share one position. */}
      <ScrollRestoration getKey={(location) => location.pathname} />
    </div>
  );
}

/**
 * After a client-side navigation, move focus to the new page's <h1> (or <main>), as a full page load would reset
 * it, so keyboard and screen-reader users start on the new content. Not on the first load: the browser handles that.
 */
export function useFocusHeadingOnNavigation() {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const lastPathname = useRef(pathname);

  useEffect(() => {
    if (lastPathname.current === pathname) return;
    lastPathname.current = pathname;
    const main = mainRef.current;
    if (!main) return;
    const heading = main.querySelector<HTMLElement>('h1');
    if (heading && !heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    (heading ?? main).focus({ preventScroll: true });
  }, [pathname]);

  return mainRef;
}
