import { useEffect, useState } from 'react';
import { useWorkspace } from '../context';

/**
 * A facility's photo as an object URL: the gateway serves media of a profile that is not yet
 * published only with the bearer token of its providers or office, which an <img> cannot send.
 */
export function useMediaSrc(url: string): string | null {
  const { config, auth } = useWorkspace();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    const token = auth.accessToken();
    fetch(new URL(url, config.gatewayUrl), { headers: token ? { authorization: `Bearer ${token}` } : {} })
      .then((response) => (response.ok ? response.blob() : null))
      .then((blob) => {
        if (!blob || cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setSrc(objectUrl);
      })
      .catch(() => setSrc(null));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url, config.gatewayUrl, auth]);
  return src;
}

/** A photo of a facility with its text alternative. */
export function MediaImage({ url, alt, className }: { url: string; alt: string; className?: string }) {
  const src = useMediaSrc(url);
  return src ? <img src={src} alt={alt} className={className} /> : <div className={`${className ?? ''} media-placeholder`} aria-hidden="true" />;
}

/** An attachment as a download link: fetched with the token like a photo, offered under its file name. */
export function MediaLink({ url, fileName, children }: { url: string; fileName: string; children: React.ReactNode }) {
  const src = useMediaSrc(url);
  return src ? (
    <a href={src} download={fileName}>
      {children}
    </a>
  ) : (
    <span>{children}</span>
  );
}
