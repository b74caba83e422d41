/* msort: sorted, stable, and every element kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ipctop/msort.h"

struct item {
	int key, seq;
};

static int by_key(const void *a, const void *b, void *ctx)
{
	const struct item *x = a, *y = b;
	int *calls = ctx;
	(*calls)++;
	return (x->key > y->key) - (x->key < y->key);
}

static void test_sorted_and_stable(void **state)
{
	struct item v[257];
	int calls = 0;
	(void)state;
	for (int i = 0; i < 257; i++)
		v[i] = (struct item){ (i * 37) % 11, i };
	assert_int_equal(msort(v, 257, sizeof(v[0]), by_key, &calls), 0);
	assert_true(calls > 0);
	for (int i = 1; i < 257; i++) {
		assert_true(v[i - 1].key <= v[i].key);
		if (v[i - 1].key == v[i].key)
			assert_true(v[i - 1].seq < v[i].seq);
	}
	int seen[257] = { 0 };
	for (int i = 0; i < 257; i++)
		seen[v[i].seq]++;
	for (int i = 0; i < 257; i++)
		assert_int_equal(seen[i], 1);
}

static void test_tiny_inputs(void **state)
{
	struct item one = { 5, 0 };
	int calls = 0;
	(void)state;
	assert_int_equal(msort(NULL, 0, sizeof(one), by_key, &calls), 0);
	assert_int_equal(msort(&one, 1, sizeof(one), by_key, &calls), 0);
	assert_int_equal(calls, 0);
	assert_int_equal(one.key, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_and_stable),
		cmocka_unit_test(test_tiny_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
