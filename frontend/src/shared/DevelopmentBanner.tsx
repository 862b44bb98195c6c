/**
 * Across the top of every page while the server offers test accounts (config.developmentSignIn): a
 * screenshot of a development instance must never pass for production. A named region, so it is found
 * and read as text, not told by its colour.
 */
export function DevelopmentBanner() {
  return (
    <section className="development-banner" aria-label="Development mode">
      <p>
        <strong>Development mode.</strong> Anyone can sign in here with a test account, no password needed. Not for real
        users.
      </p>
    </section>
  );
}
