import { useEffect, useState } from "react";
import { type Match, matchRoute } from "./routes.ts";

/** The page the address names, following the hash as links and the back button change it. */
export function useRoute(): Match | null {
  const [match, setMatch] = useState(() => matchRoute(window.location.hash));
  useEffect(() => {
    const onHashChange = () => setMatch(matchRoute(window.location.hash));
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);
  return match;
}
