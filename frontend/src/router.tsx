// The route table. Paths are Indonesian, like the words users know. The
// organizer area is its own chunk (lazy), so participants and judges on a
// phone do not download it.
import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './components/Layout';
import { NotFoundPage, RouteErrorPage } from './components/ErrorPage';
import { LoadingState } from './components/states';
import { RequireAuth } from './features/auth/RequireAuth';
import { SignInPage } from './features/auth/SignIn';
import { RegisterPage } from './features/auth/Register';
import { ConfirmPage } from './features/auth/Confirm';
import { homeOf, useAuth } from './features/auth/session';
import { MyProposalsPage } from './features/participant/MyProposals';
import { ProposalEditorPage } from './features/participant/ProposalEditor';
import { MyAssignmentsPage } from './features/judge/MyAssignments';
import { ScoringPage } from './features/judge/ScoringPage';

function Home() {
  const { signedIn, me, meLoading } = useAuth();
  if (!signedIn) return <Navigate to="/masuk" replace />;
  if (meLoading || !me) return <LoadingState />;
  return <Navigate to={homeOf(me.role)} replace />;
}

export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <Home /> },
      { path: 'masuk', element: <SignInPage /> },
      { path: 'daftar', element: <RegisterPage /> },
      { path: 'konfirmasi', element: <ConfirmPage /> },
      // The public pages: no sign-in, one lazy chunk of their own.
      {
        path: 'kompetisi',
        lazy: async () => ({ Component: (await import('./features/public/PublicPages')).CompetitionsPage }),
      },
      {
        path: 'kompetisi/:id',
        lazy: async () => ({ Component: (await import('./features/public/PublicPages')).CompetitionPage }),
      },
      { path: 'hasil', element: <Navigate to="/kompetisi" replace /> },
      {
        path: 'hasil/:id',
        lazy: async () => ({ Component: (await import('./features/public/PublicPages')).ResultsPage }),
      },
      {
        element: <RequireAuth roles={['participant']} />,
        children: [
          { path: 'proposal', element: <MyProposalsPage /> },
          { path: 'proposal/:id', element: <ProposalEditorPage /> },
        ],
      },
      {
        element: <RequireAuth roles={['judge']} />,
        children: [
          { path: 'penilaian', element: <MyAssignmentsPage /> },
          { path: 'penilaian/:id', element: <ScoringPage /> },
        ],
      },
      {
        element: <RequireAuth roles={['organizer', 'admin']} />,
        children: [
          {
            path: 'panitia/*',
            lazy: async () => ({ Component: (await import('./features/organizer/OrganizerHome')).default }),
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
