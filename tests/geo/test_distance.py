import random

from geopy.distance import geodesic

from geo.distance import bounding_box, haversine_km, within_km


def test_haversine_close_to_geodesic():
    rng = random.Random(42)
    for _ in range(300):
        a = (rng.uniform(-21.5, 51), rng.uniform(-62, 56))
        b = (rng.uniform(-21.5, 51), rng.uniform(-62, 56))
        ref = geodesic(a, b).km
        assert abs(haversine_km(*a, *b) - ref) <= 0.006 * ref + 1e-6  # spherical model: error below 0.6 %
    # Paris - Marseille, about 660 km
    assert abs(haversine_km(48.8566, 2.3522, 43.2965, 5.3698) - geodesic((48.8566, 2.3522), (43.2965, 5.3698)).km) < 3


def test_bounding_box_never_drops_a_point_within_distance():
    rng = random.Random(7)
    for _ in range(200):
        lat, lon, km = rng.uniform(-60, 60), rng.uniform(-179, 179), rng.uniform(1, 300)
        box = bounding_box(lat, lon, km)
        for _ in range(20):
            p = (lat + rng.uniform(-4, 4), lon + rng.uniform(-6, 6))
            if -90 < p[0] < 90 and -180 <= p[1] <= 180 and geodesic((lat, lon), p).km <= km * 0.995:
                assert box.contains(*p)


def test_within_km_sorted():
    pts = [(45.0339, 3.0928, "saint-flour"), (45.7772, 3.087, "clermont"), (None, None, "nowhere")]
    found = within_km(pts, 45.03, 3.09, 50)
    assert [item for _, item in found] == ["saint-flour"]
    assert len(within_km(pts, 45.03, 3.09, 120)) == 2
