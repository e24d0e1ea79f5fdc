import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouter } from '../router';

export interface MapMarker {
  id: string;
  name: string;
  kind: string;
  latitude: number;
  longitude: number;
  freePlaces: number;
  availability: string;
}

interface Props {
  markers: readonly MapMarker[];
  tileUrl: string | null;
  tileAttribution: string | null;
  point: { latitude: number; longitude: number } | null;
}

/** Leaflet with clustered markers; without a tile source the markers stand on a plain ground and still work. */
export default function MapView({ markers, tileUrl, tileAttribution, point }: Props) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const cluster = useRef<L.MarkerClusterGroup | null>(null);
  const bounds = useRef<L.LatLngBounds | null>(null);

  useEffect(() => {
    if (!element.current) return;
    // maxZoom on the map itself: clustering needs it, and without a tile layer none would be known.
    const created = L.map(element.current, {
      zoomControl: true,
      attributionControl: Boolean(tileUrl),
      minZoom: 6,
      maxZoom: 18,
      fadeAnimation: false,
      markerZoomAnimation: false,
    }).setView([53.25, 10.41], 11);
    if (tileUrl) L.tileLayer(tileUrl, { attribution: tileAttribution ?? '', maxZoom: 19 }).addTo(created);
    cluster.current = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, animate: false, animateAddingMarkers: false }).addTo(created);
    map.current = created;
    // Shown again after being hidden (the phone's list/map switch): Leaflet must measure anew.
    let visible = false;
    const observer = new ResizeObserver(([entry]) => {
      created.invalidateSize();
      const nowVisible = entry.contentRect.width > 0 && entry.contentRect.height > 0;
      // Fitted while hidden (a zero-sized map): fit again once it shows.
      if (nowVisible && !visible && bounds.current) created.fitBounds(bounds.current, { padding: [24, 24], maxZoom: 15 });
      visible = nowVisible;
    });
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      created.remove();
      map.current = null;
    };
  }, [tileUrl, tileAttribution]);

  useEffect(() => {
    const group = cluster.current;
    const current = map.current;
    if (!group || !current) return;
    group.clearLayers();
    for (const marker of markers) {
      const label = `${marker.name}: ${t(`availability.${marker.availability}`)}`;
      const icon = L.divIcon({
        className: `map-marker map-marker--${marker.availability.toLowerCase()}`,
        html: `<span aria-hidden="true">${marker.freePlaces > 0 ? marker.freePlaces : ''}</span>`,
        iconSize: [28, 28],
        iconAnchor: [14, 14],
      });
      const leafletMarker = L.marker([marker.latitude, marker.longitude], { icon, title: label, alt: label, keyboard: true });
      const popup = document.createElement('div');
      const link = document.createElement('a');
      link.href = `/einrichtung/${encodeURIComponent(marker.id)}`;
      link.textContent = marker.name;
      link.className = 'kern-link';
      link.addEventListener('click', (event) => {
        event.preventDefault();
        navigate(link.getAttribute('href')!);
      });
      const status = document.createElement('p');
      status.textContent = t(`availability.${marker.availability}`);
      popup.append(link, status);
      leafletMarker.bindPopup(popup);
      group.addLayer(leafletMarker);
    }
    const points = markers.map((marker) => L.latLng(marker.latitude, marker.longitude));
    if (point) points.push(L.latLng(point.latitude, point.longitude));
    bounds.current = points.length ? L.latLngBounds(points) : null;
    if (bounds.current && current.getSize().x > 0) current.fitBounds(bounds.current, { padding: [24, 24], maxZoom: 15 });
  }, [markers, point, t, navigate]);

  return (
    <div className="map-frame">
      <div ref={element} className="map" data-markers={markers.length} />
      <p className="map-legend">
        <span className="map-legend__item map-legend__item--free_now">{t('availability.FREE_NOW')}</span>
        <span className="map-legend__item map-legend__item--free_soon">{t('availability.FREE_SOON')}</span>
        <span className="map-legend__item map-legend__item--none">{t('availability.NONE')}</span>
      </p>
    </div>
  );
}
