// A stand-in for https://accounts.google.com/gsi/client, served by the end-to-end tests in its place.
// It implements the part of google.accounts.id that @react-oauth/google uses. Its button asks the
// test (window.__mintGoogleIdToken, exposed by Playwright) for an ID token, as Google's popup would
// after the user picks an account, and hands it to the page's callback.
(() => {
  let config = null;

  const id = {
    initialize(options) {
      config = options;
    },
    renderButton(parent, options = {}) {
      parent.replaceChildren();
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Sign in with Google';
      button.className = 'gsi-standin-button';
      // Looks like Google's button; set through CSSOM, which the page's CSP allows.
      Object.assign(button.style, {
        font: '500 14px Roboto, Arial, sans-serif',
        color: '#3c4043',
        background: '#fff',
        border: '1px solid #dadce0',
        borderRadius: '4px',
        padding: '0 16px',
        height: '40px',
        minWidth: '240px',
        // Google draws its button at the width asked for (200 to 400 pixels).
        width: options.width ? `${options.width}px` : '',
        cursor: 'pointer',
      });
      button.addEventListener('click', async () => {
        const credential = await window.__mintGoogleIdToken({ clientId: config.client_id, nonce: config.nonce ?? null });
        config.callback({ credential, select_by: 'btn', clientId: config.client_id });
      });
      parent.appendChild(button);
    },
    prompt() {},
    cancel() {},
    disableAutoSelect() {
      window.__googleAutoSelectDisabled = true;
    },
  };

  window.google = { accounts: { id } };
})();
