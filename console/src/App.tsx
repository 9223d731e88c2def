import { useCallback, useEffect, useMemo, useState } from "react";
import { Provider } from "urql";
import { createHeraldClient } from "./client.ts";
import { Shell } from "./components/Shell.tsx";
import { isPortalAddress } from "./access.ts";
import PortalEnded from "./pages/PortalEnded.tsx";
import SignIn from "./pages/SignIn.tsx";
import { clearSession, readSession, type Session, saveSession, sessionFromPortalLink } from "./session.ts";

const REFUSED = "Herald refused the credential (revoked, expired or mistyped): sign in again.";

export function App() {
  const [session, setSession] = useState<Session | null>(() => sessionFromPortalLink() ?? readSession());
  const [notice, setNotice] = useState<string | null>(null);

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

  const herald = useMemo(() => (session ? createHeraldClient(session.credential, () => signOut(REFUSED)) : null), [session, signOut]);
  useEffect(() => () => herald?.dispose(), [herald]);

  // A portal address never offers the sign-in form: a link that stopped working says so instead.
  if (!session || !herald) return isPortalAddress(window.location.search) ? <PortalEnded /> : <SignIn notice={notice} onSignIn={signIn} />;
  return (
    <Provider value={herald.client}>
      <Shell session={session} onSignOut={() => signOut(null)} />
    </Provider>
  );
}
