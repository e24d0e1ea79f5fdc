import { useTranslation } from 'react-i18next';
import { useMunicipalities } from '../context';
import { Link } from '../router';
import { shortlist, useShortlist } from '../shortlist';

/** Choices per municipality against its cap, shown before the parent hits it. */
export function ChoiceCaps() {
  const { t } = useTranslation();
  const { nameOf, capOf } = useMunicipalities();
  const entries = useShortlist();
  const byMunicipality = new Map<string, number>();
  for (const entry of entries) byMunicipality.set(entry.municipality, (byMunicipality.get(entry.municipality) ?? 0) + 1);
  if (byMunicipality.size === 0) return null;
  return (
    <ul className="choice-caps">
      {[...byMunicipality].map(([municipality, count]) => {
        const cap = capOf(municipality);
        const over = cap != null && count > cap;
        return (
          <li key={municipality} className={over ? 'choice-caps--over' : cap != null && count === cap ? 'choice-caps--full' : undefined}>
            {cap == null
              ? t('shortlist.capUnknown', { name: nameOf(municipality), n: count })
              : t('shortlist.cap', { name: nameOf(municipality), n: count, cap })}
            {over ? ` ${t('shortlist.overCap', { cap })}` : cap != null && count === cap ? ` ${t('shortlist.atCap')}` : ''}
          </li>
        );
      })}
    </ul>
  );
}

export function ShortlistPage() {
  const { t } = useTranslation();
  const { nameOf } = useMunicipalities();
  const entries = useShortlist();
  return (
    <section>
      <h1 className="kern-heading-large">{t('shortlist.title')}</h1>
      <p className="kern-body">{t('shortlist.intro')}</p>
      {entries.length === 0 ? (
        <p>
          {t('shortlist.empty')}{' '}
          <Link to="/" className="kern-link">
            {t('nav.search')}
          </Link>
        </p>
      ) : (
        <>
          <ChoiceCaps />
          <ol className="shortlist">
            {entries.map((entry, index) => (
              <li key={entry.id} className="kern-card shortlist__item">
                <div className="shortlist__row">
                  <span className="shortlist__rank" aria-hidden="true">
                    {index + 1}
                  </span>
                  <div className="shortlist__text">
                    <Link to={`/einrichtung/${encodeURIComponent(entry.id)}`} className="kern-link">
                      {entry.name}
                    </Link>
                    <p className="kern-body kern-body--small">
                      {t(`kind.${entry.kind}`)} · {entry.district} · {nameOf(entry.municipality)}
                    </p>
                  </div>
                  <div className="shortlist__buttons">
                    <button
                      type="button"
                      className="kern-btn kern-btn--tertiary kern-btn--x-small"
                      disabled={index === 0}
                      onClick={() => shortlist.move(entry.id, -1)}
                    >
                      <span className="kern-label">
                        ↑<span className="visually-hidden">{t('shortlist.up', { name: entry.name })}</span>
                      </span>
                    </button>
                    <button
                      type="button"
                      className="kern-btn kern-btn--tertiary kern-btn--x-small"
                      disabled={index === entries.length - 1}
                      onClick={() => shortlist.move(entry.id, 1)}
                    >
                      <span className="kern-label">
                        ↓<span className="visually-hidden">{t('shortlist.down', { name: entry.name })}</span>
                      </span>
                    </button>
                    <button type="button" className="kern-btn kern-btn--tertiary kern-btn--x-small" onClick={() => shortlist.remove(entry.id)}>
                      <span className="kern-label">
                        {t('shortlist.remove')}
                        <span className="visually-hidden">: {entry.name}</span>
                      </span>
                    </button>
                  </div>
                </div>
              </li>
            ))}
          </ol>
          <Link to="/vormerkung" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('shortlist.reserve')}</span>
          </Link>
        </>
      )}
    </section>
  );
}
