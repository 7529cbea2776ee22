/**
 * Where the window is (its page, and on Logs the open file), kept in the address's hash:
 * `#/logs/3`, `#/stack`. A reload then opens the same file, Back goes to where the user
 * was before, and an address can be shared with a colleague on the same lab server.
 */
import { useEffect, useState } from 'react';
import { PAGES, type PageId } from './components/NavBar.js';

export interface Place {
  page: PageId;
  /** The file open on the Logs page, if any. */
  fileId: number | null;
}

const HOME: Place = { page: 'logs', fileId: null };

/** The place an address's hash names; the Logs page for any hash that names none. */
export function placeOf(hash: string): Place {
  const [page, id, ...rest] = hash.replace(/^#\/?/, '').split('/');
  if (rest.length > 0 || !PAGES.some((p) => p.id === page)) return HOME;
  if (page !== 'logs') return id === undefined ? { page: page as PageId, fileId: null } : HOME;
  if (id === undefined || id === '') return HOME;
  const fileId = Number(id);
  return Number.isSafeInteger(fileId) && fileId > 0 ? { page: 'logs', fileId } : HOME;
}

/** The hash of a place: what `placeOf` reads back. */
export function hashOf(place: Place): string {
  return place.page === 'logs' && place.fileId !== null
    ? `#/logs/${place.fileId}`
    : `#/${place.page}`;
}

/** The window's place, and a way to go elsewhere (a new entry in the history). */
export function usePlace(): [Place, (place: Place) => void] {
  const [place, setPlace] = useState(() => placeOf(window.location.hash));
  useEffect(() => {
    const follow = () => setPlace(placeOf(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const go = (next: Place) => {
    setPlace(next);
    const hash = hashOf(next);
    if (window.location.hash !== hash) window.location.hash = hash;
  };
  return [place, go];
}
