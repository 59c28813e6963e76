# Indentation with tab characters (used consistently).
def f(n):
	if n > 0:
		return "positive"
	return "other"
print(f(1), f(-1))
