import { Alert, AppShell, Button, Center, Group, Loader, NavLink, Text, Title } from "@mantine/core";
import { type ComponentType, type LazyExoticComponent, lazy, Suspense, useEffect, useRef } from "react";
import { useQuery } from "urql";
import { AccessContext } from "../access.ts";
import { graphql } from "../gql";
import { isUnauthenticated } from "../errors.ts";
import { type PageProps, ROUTES, type RouteName, routeHref } from "../routes.ts";
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

export function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const [viewer] = useQuery({ query: ViewerQuery });
  const match = useRoute();
  const main = useRef<HTMLElement>(null);
  // The operator view is the service's, never a portal's.
  const Page = match && !(session.portal && match.name === "operator") ? PAGES[match.name] : null;
  const section = match ? (SECTION[match.name] ?? match.name) : null;
  const portal = viewer.data?.viewer.portal ?? null;

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
              <Text c={portal ? undefined : "dimmed"} fw={portal ? 600 : undefined} size="sm" aria-label="Organization">
                {viewer.data.viewer.organization.name}
                {session.portal && " · portal"}
                {portal?.readOnly && " (read-only)"}
              </Text>
            )}
          </Group>
          <Button variant="default" size="xs" onClick={onSignOut}>
            Sign out
          </Button>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Console">
        {ROUTES.flatMap((r) =>
          "nav" in r
            ? [
                <NavLink
                  key={r.name}
                  href={routeHref(r.name)}
                  label={r.nav}
                  active={section === r.name}
                  aria-current={section === r.name ? "page" : undefined}
                />,
              ]
            : [],
        )}
      </AppShell.Navbar>
      <AccessContext.Provider value={{ readOnly: portal?.readOnly ?? session.portal }}>
        <AppShell.Main ref={main} tabIndex={-1} style={{ outline: "none" }}>
          {viewer.error && !isUnauthenticated(viewer.error) && <ErrorAlert error={viewer.error} />}
          {Page && match ? (
            <Suspense
              fallback={
                <Center p="xl">
                  <Loader aria-label="Loading page" />
                </Center>
              }
            >
              <Page key={`${match.name}:${JSON.stringify(match.params)}`} params={match.params} />
            </Suspense>
          ) : (
            <Alert title="No such page" color="yellow">
              Nothing lives at this address. <a href={routeHref("endpoints")}>Go to the endpoints</a>.
            </Alert>
          )}
        </AppShell.Main>
      </AccessContext.Provider>
    </AppShell>
  );
}
