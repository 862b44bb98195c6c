/**
 * Across the top of every page while the server offers test accounts (config.developmentSignIn): a
 * screenshot of a development instance must never pass for production. A named region, so it is found
 * and read as text, not told by its colour.
 */
export function DevelopmentBanner() {
  return (
    <section className="development-banner" aria-label="Development mode">
      <p>
        <strong>Development mode:</strong> anyone can sign in with a test account. Not for real users.
      </p>
    </section>
  );
}
