import { Link, useRouter } from '@kita/app-shell/router';

/** An area's navigation below the header: its pages as links, the current one marked (aria-current). */
export function AreaNav({ label, items }: { label: string; items: { to: string; label: string; exact?: boolean }[] }) {
  const { location } = useRouter();
  const current = (to: string, exact?: boolean) => location.path === to || (!exact && location.path.startsWith(`${to}/`));
  return (
    <nav className="area-nav" aria-label={label}>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <Link to={item.to} aria-current={current(item.to, item.exact) ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
