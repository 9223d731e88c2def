import { Alert, AppShell, Badge, Button, Center, Group, Loader, NavLink, Text, Title } from "@mantine/core";
import { type ComponentType, type LazyExoticComponent, lazy, Suspense, useEffect, useMemo, useRef } from "react";
import { useQuery } from "urql";
import { graphql } from "../gql";
import { AccessContext } from "../access.ts";
import { isUnauthenticated } from "../errors.ts";
import { type Match, type PageProps, ROUTES, type RouteName, routeHref } from "../routes.ts";
import type { Session } from "../session.ts";
import { useRoute } from "../use-route.ts";
import { ErrorAlert } from "./ErrorAlert.tsx";

// A page per file, each its own chunk.
const PAGES: Record<RouteName, LazyExoticComponent<ComponentType<PageProps>>> = {
  endpoints: lazy(() => import("../pages/Endpoints.tsx")),
  endpoint: lazy(() => import("../pages/EndpointDetail.tsx")),
  delivery: lazy(() => import("../pages/DeliveryDetail.tsx")),
  events: lazy(() => import("../pages/Events.tsx")),
  event: lazy(() => import("../pages/EventDetail.tsx")),
  eventTypes: lazy(() => import("../pages/EventTypes.tsx")),
  operator: lazy(() => import("../pages/Operator.tsx")),
};

const ViewerQuery = graphql(`
  query ConsoleViewer {
    viewer {
      organization {
        id
        name
      }
      portal {
        readOnly
        expiresAt
      }
    }
  }
`);

/** The section of the navigation a page belongs to: a detail page lights its list's link. */
const SECTION: Partial<Record<RouteName, RouteName>> = { endpoint: "endpoints", delivery: "endpoints", event: "events" };

/** The operator (ADMIN_TOKEN, no organization) sees only the operator view; a portal never sees it. */
function pageFor(session: Session, match: Match | null): Match | null {
  if (session.operator) return match?.name === "operator" ? match : null;
  return match?.name === "operator" ? null : match;
}

function navFor(session: Session): { name: RouteName; label: string }[] {
  if (session.operator) return [{ name: "operator", label: "Operator" }];
  return ROUTES.flatMap((r) => ("nav" in r ? [{ name: r.name, label: r.nav }] : []));
}

export function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  // The admin token has no organization: `viewer` would refuse it.
  const [viewer] = useQuery({ query: ViewerQuery, pause: session.operator });
  const route = useRoute();
  const match = pageFor(session, route);
  const main = useRef<HTMLElement>(null);
  const Page = match ? PAGES[match.name] : null;
  const section = match ? (SECTION[match.name] ?? match.name) : null;
  const portal = viewer.data?.viewer.portal;
  // Until Herald says otherwise, a portal session is taken as read-only: its controls appear rather than vanish.
  const access = useMemo(() => ({ readOnly: session.portal && (portal?.readOnly ?? true) }), [session.portal, portal?.readOnly]);

  useEffect(() => {
    if (session.operator && route?.name !== "operator") window.location.hash = routeHref("operator");
  }, [session.operator, route]);

  // Keyboard and screen-reader users land at the top of the new page, not on the link they left.
  useEffect(() => {
    if (match) main.current?.focus();
  }, [match]);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: "sm" }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Title order={1} size="h4">
              Herald Console
            </Title>
            {viewer.data && (
              <Text
                c={session.portal ? undefined : "dimmed"}
                size={session.portal ? "lg" : "sm"}
                fw={session.portal ? 700 : undefined}
                aria-label="Organization"
              >
                {viewer.data.viewer.organization.name}
                {session.portal && " · portal"}
                {portal?.readOnly && " (read-only)"}
              </Text>
            )}
            {session.portal && (
              <Badge variant="light" aria-hidden>
                Portal
              </Badge>
            )}
            {session.operator && <Badge color="grape">Operator</Badge>}
          </Group>
          <Button variant="default" size="xs" onClick={onSignOut}>
            Sign out
          </Button>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Console">
        {navFor(session).map((r) => (
          <NavLink key={r.name} href={routeHref(r.name)} label={r.label} active={section === r.name} aria-current={section === r.name ? "page" : undefined} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main ref={main} tabIndex={-1} style={{ outline: "none" }}>
        {viewer.error && !isUnauthenticated(viewer.error) && <ErrorAlert error={viewer.error} />}
        {Page && match ? (
          <AccessContext.Provider value={access}>
            <Suspense
              fallback={
                <Center p="xl">
                  <Loader aria-label="Loading page" />
                </Center>
              }
            >
              <Page key={`${match.name}:${JSON.stringify(match.params)}`} params={match.params} />
            </Suspense>
          </AccessContext.Provider>
        ) : (
          <Alert title="No such page" color="yellow">
            Nothing lives at this address.{" "}
            {session.operator ? <a href={routeHref("operator")}>Go to the operator view</a> : <a href={routeHref("endpoints")}>Go to the endpoints</a>}.
          </Alert>
        )}
      </AppShell.Main>
    </AppShell>
  );
}
