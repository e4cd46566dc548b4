"""Login throttling with two limits, so that nobody can lock out a named account.

django-axes counts failures per lockout parameter set and compares the largest count with
one limit. We count two sets: a username *at one address* (so a stranger elsewhere who
types a colleague's name five times locks out only themselves), and an address for any
usernames (so one address cannot guess through many accounts). An address is often a
whole town hall behind one NAT, so its limit is higher; the handler scales the address's
count onto the person's limit, and axes keeps its single comparison.
"""

import math

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings

# Same order as settings.AXES_LOCKOUT_PARAMETERS: the combination first, then the address.
PERSON_AT_ADDRESS, ADDRESS = 0, 1


class LoginThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        attempts = self.get_user_attempts(request, credentials)
        counts = [self._sum(queryset) for queryset in attempts]
        person_limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.KOMPAS_LOGIN_ADDRESS_FAILURE_LIMIT
        person = counts[PERSON_AT_ADDRESS] if counts else 0
        address = counts[ADDRESS] if len(counts) > ADDRESS else 0
        # An address reaches the person's limit only when it reaches its own.
        address_on_person_scale = math.floor(address * person_limit / address_limit)
        return max(person, address_on_person_scale)

    @staticmethod
    def _sum(queryset) -> int:
        from django.db.models import Sum

        return queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0
