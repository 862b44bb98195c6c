import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { DevelopmentAuthorizePage, developmentAuthorizationPath } from './developmentIdentity/DevelopmentAuthorizePage';
import './styles.css';

const root = document.getElementById('root');
if (!root) {
  throw new Error('The page has no #root element.');
}

createRoot(root).render(
  <StrictMode>
    {/* The development identity provider's page is served by this SPA too, though it plays another site. */}
    {window.location.pathname === developmentAuthorizationPath ? <DevelopmentAuthorizePage /> : <App />}
  </StrictMode>,
);
