import { useCallback, useEffect, useMemo, useState } from "react";
import { Provider } from "urql";
import { createHeraldClient } from "./client.ts";
import { Shell } from "./components/Shell.tsx";
import PortalEnded from "./pages/PortalEnded.tsx";
import SignIn from "./pages/SignIn.tsx";
import { isPortalAddress } from "./access.ts";
import { clearSession, readSession, type Session, saveSession, sessionFromPortalLink } from "./session.ts";

const REFUSED = "Herald refused the credential (revoked, expired or mistyped): sign in again.";

function framed(): boolean {
  try {
    return window.self !== window.top;
  } catch {
    return true;
  }
}

export function App() {
  const [session, setSession] = useState<Session | null>(() => sessionFromPortalLink() ?? readSession());
  const [notice, setNotice] = useState<string | null>(null);
  // A portal session that ended (refused link, sign-out) never falls back to the key form, even at `/console#portal=…` without `?organization`.
  const [portalEnded, setPortalEnded] = useState(false);
  const portalPage = useMemo(() => isPortalAddress(window.location.search) || framed(), []);

  const signOut = useCallback((ended: Session, message: string | null) => {
    clearSession();
    setSession(null);
    setNotice(message);
    setPortalEnded(ended.portal);
  }, []);
  const signIn = useCallback((next: Session) => {
    saveSession(next);
    setSession(next);
    setNotice(null);
    setPortalEnded(false);
  }, []);

  // A portal link opened in a tab that already shows the console.
  useEffect(() => {
    const onHashChange = () => {
      const fromLink = sessionFromPortalLink();
      if (fromLink) signIn(fromLink);
    };
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, [signIn]);

  const herald = useMemo(() => (session ? createHeraldClient(session.credential, () => signOut(session, REFUSED)) : null), [session, signOut]);
  useEffect(() => () => herald?.dispose(), [herald]);

  if (!session || !herald) {
    if (portalPage || portalEnded) return <PortalEnded />;
    return <SignIn notice={notice} onSignIn={signIn} />;
  }
  return (
    <Provider value={herald.client}>
      <Shell session={session} onSignOut={() => signOut(session, null)} />
    </Provider>
  );
}
