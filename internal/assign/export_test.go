package assign

// SolveCountingFlows is Solve that also returns the number of flow solves, so tests can
// tell that the branch and bound ran.
func SolveCountingFlows(in Instance) (Result, int, error) {
	p, err := compile(&in)
	if err != nil {
		return Result{}, 0, err
	}
	if reasons := precheck(p); len(reasons) > 0 {
		return Result{Status: StatusInfeasible, Reasons: reasons}, 0, nil
	}
	res, n := search(p)
	return res, n, nil
}
