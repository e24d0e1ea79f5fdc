import { type AnchorHTMLAttributes, createContext, type MouseEvent, useContext, useEffect, useState } from 'react';

// A small history router: the portal has a handful of pages and the static host serves index.html for each.
type Location = { path: string; search: string };

const RouterContext = createContext<{ location: Location; navigate: (to: string) => void }>({
  location: { path: '/', search: '' },
  navigate: () => {},
});

const current = (): Location => ({ path: window.location.pathname, search: window.location.search });

export function Router({ children }: { children: React.ReactNode }) {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const onPop = () => setLocation(current());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = (to: string) => {
    window.history.pushState(null, '', to);
    setLocation(current());
    window.scrollTo(0, 0);
  };
  return <RouterContext.Provider value={{ location, navigate }}>{children}</RouterContext.Provider>;
}

export const useRouter = () => useContext(RouterContext);

export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const { navigate } = useRouter();
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={click} {...rest} />;
}
