import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './address-search.css';

// The apps' address search on a municipality's geocoder (config `geocoderUrl`): the portal's search
// starts a radius there, the workspace's provider takes a facility's address and location from it.

/** A chosen suggestion: its label and point, with the parts of the address as far as the geocoder gave them. */
export interface ChosenAddress {
  label: string;
  latitude: number;
  longitude: number;
  /** Photon's properties (street and house number, postcode, city, district); Nominatim's plain answer has none. */
  parts?: { street?: string; housenumber?: string; postcode?: string; city?: string; district?: string };
}

/** The field's texts, in the app's language (each app keeps them in its own translations). */
export interface AddressSearchTexts {
  label: string;
  hint: string;
  /** The list box's name. */
  suggestions: string;
  /** Read out when suggestions come: how many, how to choose. */
  count: (n: number) => string;
  /** Shown when the geocoder does not answer. */
  failed: string;
}

/**
 * One suggestion from the geocoder: Photon answers a GeoJSON FeatureCollection, Nominatim
 * (`…/search`, format=jsonv2) an array of places; both are read.
 */
function suggestionsOf(answer: unknown): ChosenAddress[] {
  if (Array.isArray(answer))
    return answer
      .filter((place) => place && typeof place.display_name === 'string')
      .map((place) => ({ label: place.display_name, latitude: Number(place.lat), longitude: Number(place.lon) }));
  const features = (answer as { features?: unknown[] } | null)?.features ?? [];
  return features.flatMap((feature) => {
    const { geometry, properties: p = {} } = feature as { geometry?: { coordinates?: number[] }; properties?: Record<string, string> };
    const [longitude, latitude] = geometry?.coordinates ?? [];
    if (typeof latitude !== 'number' || typeof longitude !== 'number') return [];
    const first = p.street ? [p.street, p.housenumber].filter(Boolean).join(' ') : p.name;
    const place = [p.postcode, p.city].filter(Boolean).join(' ');
    const label = [first, p.district && p.district !== first ? p.district : '', place !== first ? place : ''].filter(Boolean).join(', ');
    // A street without a house number is its name (Photon's type street); a district is no street.
    const street = p.street ?? (p.type === 'street' ? p.name : undefined);
    const parts = {
      street,
      housenumber: p.housenumber,
      postcode: p.postcode,
      city: p.city,
      district: p.district ?? (p.type === 'district' ? p.name : undefined),
    };
    return [{ label, latitude, longitude, parts }];
  });
}

/** The request for a query: Nominatim's `/search` wants format=jsonv2; Photon takes q, limit and lang. */
function requestUrl(geocoderUrl: string, query: string, language: string): string {
  const url = new URL(geocoderUrl, window.location.href);
  url.searchParams.set('q', query);
  url.searchParams.set('limit', '5');
  if (/\/search\/?$/.test(url.pathname)) url.searchParams.set('format', 'jsonv2');
  else url.searchParams.set('lang', language === 'de' ? 'de' : 'en');
  return url.toString();
}

/**
 * The address field: suggestions as the person types (WAI-ARIA combobox with a list box: arrow keys
 * move, Enter chooses, Escape closes), from the municipality's geocoder.
 */
export function AddressSearch({
  id: fieldId,
  geocoderUrl,
  texts,
  value,
  onChange,
}: {
  /** The input's id (its label and hint are tied to it). */
  id: string;
  geocoderUrl: string;
  texts: AddressSearchTexts;
  value: ChosenAddress | null;
  onChange: (address: ChosenAddress | null) => void;
}) {
  const { i18n } = useTranslation();
  const id = useId();
  const [text, setText] = useState(value?.label ?? '');
  const [suggestions, setSuggestions] = useState<ChosenAddress[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [failed, setFailed] = useState(false);
  const typed = useRef(false);

  useEffect(() => {
    if (!typed.current) return;
    const query = text.trim();
    if (query.length < 3) {
      setSuggestions([]);
      setOpen(false);
      return;
    }
    const controller = new AbortController();
    // Asks once the parent pauses typing, not on every key.
    const timer = window.setTimeout(async () => {
      try {
        const response = await fetch(requestUrl(geocoderUrl, query, i18n.language), { signal: controller.signal });
        if (!response.ok) throw new Error(`geocoder: HTTP ${response.status}`);
        const found = suggestionsOf(await response.json());
        setFailed(false);
        setSuggestions(found);
        setActive(-1);
        setOpen(true);
      } catch (error) {
        if ((error as Error).name !== 'AbortError') {
          setFailed(true);
          setSuggestions([]);
          setOpen(false);
        }
      }
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [text, geocoderUrl, i18n.language]);

  const choose = (address: ChosenAddress) => {
    typed.current = false;
    setText(address.label);
    setOpen(false);
    setSuggestions([]);
    onChange(address);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && suggestions.length) {
      event.preventDefault();
      setOpen(true);
      setActive((previous) => (previous + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && suggestions.length) {
      event.preventDefault();
      setOpen(true);
      setActive((previous) => (previous <= 0 ? suggestions.length - 1 : previous - 1));
    } else if (event.key === 'Enter' && open && active >= 0) {
      event.preventDefault();
      choose(suggestions[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const listId = `${id}-list`;
  const expanded = open && suggestions.length > 0;
  return (
    <div className="kern-form-input address-search">
      <label className="kern-label" htmlFor={fieldId}>
        {texts.label}
      </label>
      <div className="kern-hint" id={`${fieldId}-hint`}>
        {texts.hint}
      </div>
      <div className="address-search__box">
        <input
          id={fieldId}
          className="kern-form-input__input"
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${id}-option-${active}` : undefined}
          aria-describedby={`${fieldId}-hint`}
          value={text}
          onChange={(event) => {
            typed.current = true;
            setText(event.target.value);
            if (value) onChange(null);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <div id={listId} role="listbox" aria-label={texts.suggestions} className="address-search__list" hidden={!expanded}>
          {suggestions.map((suggestion, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the combobox's (arrows and Enter on the input), as WAI-ARIA's pattern has it
            <div
              key={`${suggestion.label}|${suggestion.latitude},${suggestion.longitude}`}
              id={`${id}-option-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              className="address-search__option"
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(suggestion)}
            >
              {suggestion.label}
            </div>
          ))}
        </div>
      </div>
      <p className="visually-hidden" role="status">
        {open ? texts.count(suggestions.length) : ''}
      </p>
      {failed ? <p className="kern-body kern-body--small">{texts.failed}</p> : null}
    </div>
  );
}
