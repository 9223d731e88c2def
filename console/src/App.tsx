import { useCallback, useEffect, useMemo, useState } from "react";
import { Provider } from "urql";
import { createHeraldClient } from "./client.ts";
import { Shell } from "./components/Shell.tsx";
import LinkEnded from "./pages/LinkEnded.tsx";
import SignIn from "./pages/SignIn.tsx";
import { clearSession, isPortalPage, readSession, type Session, saveSession, sessionFromPortalLink } from "./session.ts";

const REFUSED = "Herald refused the credential (revoked, expired or mistyped): sign in again.";
const LINK_REFUSED = "This link has expired or is not valid. Ask the platform that sent you here for a new one.";
const LINK_SIGNED_OUT = "You signed out. Open the link from the platform again to come back.";

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
  const portalPage = useMemo(() => isPortalPage(window.location, framed()), []);

  const signOut = useCallback((message: string | null) => {
    clearSession();
    setSession(null);
    setNotice(message);
  }, []);
  const signIn = useCallback((next: Session) => {
    saveSession(next);
    setSession(next);
    setNotice(null);
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

  const isPortal = session?.portal ?? false;
  const herald = useMemo(
    () => (session ? createHeraldClient(session.credential, () => signOut(session.portal ? LINK_REFUSED : REFUSED)) : null),
    [session, signOut],
  );
  useEffect(() => () => herald?.dispose(), [herald]);

  if (!session || !herald) {
    if (portalPage || notice === LINK_REFUSED || notice === LINK_SIGNED_OUT) return <LinkEnded message={notice ?? LINK_REFUSED} />;
    return <SignIn notice={notice} onSignIn={signIn} />;
  }
  return (
    <Provider value={herald.client}>
      <Shell session={session} onSignOut={() => signOut(isPortal ? LINK_SIGNED_OUT : null)} />
    </Provider>
  );
}
