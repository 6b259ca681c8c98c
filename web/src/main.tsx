import { type JSX, render } from "preact";
import { useEffect } from "preact/hooks";
import { Layout } from "./components/Layout.tsx";
import { startNotifications } from "./notifications.ts";
import { PreferencesPage, ResetPasswordPage } from "./pages/Account.tsx";
import { AuthPage } from "./pages/Auth.tsx";
import { CreatorPage, ProductPage, SearchPage } from "./pages/CreatorPage.tsx";
import { Dashboard } from "./pages/Dashboard.tsx";
import { DropPage } from "./pages/DropPage.tsx";
import { Home } from "./pages/Home.tsx";
import { LiveView } from "./pages/LiveView.tsx";
import { NotificationsPage } from "./pages/Notifications.tsx";
import { OpsPage } from "./pages/Ops.tsx";
import { OrderDesk } from "./pages/OrderDesk.tsx";
import { OrderPage, OrdersPage } from "./pages/Orders.tsx";
import { startPush } from "./push.ts";
import { location, match, queryParam } from "./router.ts";
import { useStore } from "./store.ts";
import "./styles.css";

function Route() {
  const { path, search } = useStore(location);
  // Move focus to the new page for keyboard and screen-reader users.
  useEffect(() => {
    const main = document.getElementById("main");
    if (main && document.activeElement && document.activeElement !== document.body)
      main.focus({ preventScroll: true });
  }, [path]);
  const q = (name: string) => queryParam(search, name);
  const pages: [string, (p: Record<string, string>) => JSX.Element][] = [
    ["/", () => <Home />],
    ["/drops/:id", (p) => <DropPage key={p.id} id={p.id as string} />],
    ["/creators/:id", (p) => <CreatorPage key={p.id} id={p.id as string} />],
    ["/products/:id", (p) => <ProductPage key={p.id} id={p.id as string} />],
    ["/search", () => <SearchPage q={q("q") ?? ""} />],
    ["/login", () => <AuthPage mode="login" next={q("next")} />],
    ["/signup", () => <AuthPage mode="signup" next={q("next")} />],
    ["/reset-password", () => <ResetPasswordPage token={q("token")} />],
    ["/settings/notifications", () => <PreferencesPage />],
    ["/orders", () => <OrdersPage />],
    ["/orders/:id", (p) => <OrderPage key={p.id} id={p.id as string} />],
    ["/notifications", () => <NotificationsPage />],
    ["/dashboard", () => <Dashboard />],
    ["/ops", () => <OpsPage />],
    ["/dashboard/drops/:id", (p) => <LiveView key={p.id} id={p.id as string} />],
    ["/dashboard/drops/:id/orders", (p) => <OrderDesk key={p.id} id={p.id as string} />],
  ];
  for (const [pattern, page] of pages) {
    const params = match(pattern, path);
    if (params) return page(params);
  }
  return (
    <div class="page narrow">
      <h1>Page not found</h1>
      <p>
        <a href="/">Back to the drops</a>
      </p>
    </div>
  );
}

startPush();
startNotifications();

const root = document.getElementById("app");
if (root)
  render(
    <Layout>
      <Route />
    </Layout>,
    root,
  );
