"""django-redis, whose `add` answers True while Redis cannot be reached.

With IGNORE_EXCEPTIONS every call fails soft, but `add` then answers None ("not added"):
allauth takes its rate-limit lock with `cache.add`, waits a second for it and refuses every
log-in, sign-up and password reset with 429. Taking a lock nobody can hold lets them through,
uncounted, until Redis answers again.
"""

from django_redis.cache import RedisCache, omit_exception


class FailSoftRedisCache(RedisCache):
    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
