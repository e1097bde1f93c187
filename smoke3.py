import tempfile, time, sys
from tests.builders import FakeClock
from tests.scale import fill
from application.service import Grants
from readmodels.service import ReadModels
from readmodels.rebuild import verify, rebuild
N=int(sys.argv[2]) if len(sys.argv)>2 else 5000
url = sys.argv[1] if len(sys.argv)>1 and sys.argv[1] != "-" else f"sqlite:///{tempfile.mkdtemp()}/x.sqlite"
clock=FakeClock()
g=Grants(url, clock=clock)
t=time.time(); f=fill(g, clock, N); print("filled", g.recorder.max_notification_id(), time.time()-t, f.fates)
rm=ReadModels(g)
t=time.time(); n=rm.catch_up(); d=time.time()-t; print("caught up", n, d, n/d, "ev/s")
t=time.time(); print([c.ok for c in verify(rm, ["budget","applications","outstanding","audit"])], time.time()-t)
