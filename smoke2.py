import sys
import tempfile
from datetime import timedelta

from application.service import Grants
from readmodels.asof import budget_as_of
from readmodels.auditcheck import verify_chain
from readmodels.rebuild import rebuild, verify
from readmodels.service import ReadModels
from tests.builders import FakeClock, World

url = sys.argv[1] if len(sys.argv)>1 else f"sqlite:///{tempfile.mkdtemp()}/x.sqlite"
g=Grants(url, clock=FakeClock())
w=World(g, g.clock)
for i in range(3): w.paid()
rm=ReadModels(g)
rm.catch_up()
print(verify(rm, ["budget","applications","outstanding","audit"]))
print(rebuild(rm, ["audit", "budget"]))
print(verify(rm, ["budget","applications","outstanding","audit"]))
print(verify_chain(rm))
print(budget_as_of(rm, g.clock.now - timedelta(seconds=3)))
