import { useState } from 'react';

interface AvatarProps {
  pictureUrl: string | null;
  name: string;
}

/** The user's picture, or the initial of their name when there is none or it does not load. */
export function Avatar({ pictureUrl, name }: AvatarProps) {
  // A picture that fails to load (offline, blocked, expired URL) falls back to the initial.
  const [pictureFailed, setPictureFailed] = useState(false);
  if (pictureUrl && !pictureFailed) {
    return (
      // Google's avatar host refuses some requests that carry a Referer.
      <img
        className="avatar"
        src={pictureUrl}
        alt={`Profile picture of ${name}`}
        referrerPolicy="no-referrer"
        width={96}
        height={96}
        onError={() => setPictureFailed(true)}
      />
    );
  }
  return (
    <div className="avatar avatar-initial" aria-hidden="true">
      {name.charAt(0).toUpperCase()}
    </div>
  );
}
