/**
 * The organizer console's pages. All but the two with their own markup (print runs, translations, served as
 * files) share one shell: a header the page's script fills, an empty <main>, and that script. One shell here
 * instead of a copy per page.
 */
import type { FastifyPluginAsync } from 'fastify';

/** Page file → its script in public/admin/. The console's index is the people list. */
const SHELL_PAGES: Record<string, string> = {
  'index.html': 'people',
  'login.html': 'login',
  'person.html': 'person',
  'facilities.html': 'facilities',
  'facility.html': 'facility',
  'import.html': 'import',
  'birthdays.html': 'birthdays',
  'stats.html': 'stats',
  'audit.html': 'audit',
  'backup.html': 'backup',
  'settings.html': 'settings',
  'accounts.html': 'accounts',
  'feeds.html': 'feeds',
  'routes.html': 'routes',
  'ledger.html': 'ledger',
};

function shell(script: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Volya · organizers</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/admin/admin.css">
  <script type="module" src="/admin/${script}.js"></script>
</head>
<body>
  <a class="skip" href="#main">Skip to content</a>
  <header id="top" class="top"></header>
  <main id="main" tabindex="-1"></main>
  <div id="toast" role="status" aria-live="polite" hidden></div>
</body>
</html>
`;
}

export const consolePages: FastifyPluginAsync = async (app) => {
  for (const [file, script] of Object.entries(SHELL_PAGES)) {
    const html = shell(script);
    const urls = file === 'index.html' ? ['/admin/', '/admin/index.html'] : [`/admin/${file}`];
    for (const url of urls) app.get(url, async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  }
  // The address people type and the README gives; its query string (a language switch, say) goes along.
  app.get('/admin', async (request, reply) => {
    const query = request.url.indexOf('?');
    return reply.redirect(`/admin/${query === -1 ? '' : request.url.slice(query)}`, 301);
  });
};
