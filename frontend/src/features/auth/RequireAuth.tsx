// Guards the signed-in part of the app: without a session the user goes to
// sign-in, which brings them back here afterwards (and says why when the
// session ended by itself). With roles given, other roles see a 404.
import { Outlet, Navigate, useLocation } from 'react-router';
import { useAuth, type Role } from './session';
import { ErrorState, LoadingState } from '../../components/states';
import { NotFoundPage } from '../../components/ErrorPage';

export function RequireAuth({ roles }: { roles?: Role[] }) {
  const { signedIn, expired, me, meLoading, meError } = useAuth();
  const location = useLocation();
  if (!signedIn) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/masuk?next=${next}${expired ? '&sesi=habis' : ''}`} replace />;
  }
  if (meLoading) return <LoadingState />;
  if (meError || !me) return <ErrorState error={meError} onRetry={() => window.location.reload()} />;
  if (roles && !roles.includes(me.role!)) return <NotFoundPage />;
  return <Outlet />;
}
